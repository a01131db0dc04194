-- POP_2071 for POP_2017: every unit used to miss the indicator.
facts { idps = latest { layer = "dtm", field = "#affected+idps+ind", to = project.as_of } }
criterion "displacement" {
  indicator "idps" { transform = log1p },
  indicator "share" { value = function(u) return per_head(u.idps, u.attr["POP_2071"]) end },
}
