facts {
  police_near = within { layer = "police", km = 0/0 },
}
criterion "access" { indicator "police_near" {} }
score { "access" }
