-- A gate that answers a number: it used to pass as true for every unit.
facts { idps = latest { layer = "dtm", field = "#affected+idps+ind", to = project.as_of } }
criterion "displacement" { indicator "idps" { transform = log1p } }
gate "has_idps" {
  eligible_if = function(u) return u.idps end,
  reason = "no displaced people counted",
}
