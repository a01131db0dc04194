facts {
  pop = attribute "pop_est",
  gdp = attribute "gdp_md_est",
}
criterion "size" {
  indicator "pop" { transform = log1p },
  indicator "gdp" { transform = log1p },
}
score { "size" }
