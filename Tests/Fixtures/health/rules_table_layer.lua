-- The tiny project's rules with displaced people from a table joined by p-code (DataHealthTests).
local as_of = project.as_of
facts {
  events = count { layer = "conflict", from = as_of - 729, to = as_of },
  idps = sum { layer = "displacement", field = "idps" },
}
criterion "conflict" {
  indicator "events" { transform = log1p },
}
criterion "displacement" {
  indicator "idps" { transform = log1p },
}
score { "conflict", "displacement" }
