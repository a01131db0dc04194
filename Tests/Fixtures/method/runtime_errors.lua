-- Loads cleanly; fails only when the rules run: an undeclared fact and a division by zero.
facts {
  idps = latest { layer = "dtm", field = "#affected+idps+ind", to = project.as_of },
  events = count { layer = "conflict" },
}
criterion "displacement" {
  indicator "idps" { transform = log1p },
  indicator "typo" { value = function(u) return u.idsp end },
  indicator "per_event" { value = function(u) return u.idps / u.events end },
}
