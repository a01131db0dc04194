facts {
  events = count { layer = "conflict" },
  idps = latest { layer = "dtm", field = "#affected+idps+ind" },
}
criterion "conflict" { indicator "events" { weight = 0 }, indicator "idps" { weight = 0 } }
score { "conflict" }
