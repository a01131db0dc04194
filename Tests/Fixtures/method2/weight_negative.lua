facts {
  events = count { layer = "conflict" },
  idps = latest { layer = "dtm", field = "#affected+idps+ind" },
}
criterion "conflict" { indicator "events" {} }
criterion "displacement" { indicator "idps" {} }
score { "conflict", "displacement", weights = { conflict = -1 } }
