-- One indicator, so that the order is the population order (pandas: Brazil, Colombia, Argentina,
-- Venezuela, Peru first).
facts {
  pop = attribute "pop_est",
}
criterion "people" {
  indicator "pop" { transform = log1p },
}
score { "people" }
