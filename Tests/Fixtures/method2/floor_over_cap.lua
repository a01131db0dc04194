facts { km_police = nearest { layer = "police" } }
criterion "access" {
  indicator "km_police" { floor = 10, cap = 1 },
}
score { "access" }
