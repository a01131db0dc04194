-- A cost that is nil for most units: under --budget they used to be skipped in silence.
facts { idps = latest { layer = "dtm", field = "#affected+idps+ind", to = project.as_of } }
criterion "displacement" { indicator "idps" { transform = log1p } }
selection {
  cost = function(u) if u.population and u.population > 100000 then return 50000 end end,
}
