-- A small method over the GDAL fixture project: conflict, displacement and access to health care.
facts {
  events     = count   { layer = "conflict" },
  fatalities = sum     { layer = "conflict", field = "fatalities" },
  idps       = latest  { layer = "dtm", field = "#affected+idps+ind" },
  returnees  = latest  { layer = "dtm", field = "#affected+returnees+ind" },
  km_health  = nearest { layer = "health" },
  health_per_10k = per_10k { layer = "health" },
}
criterion "conflict" {
  indicator "events"     { transform = log1p },
  indicator "fatalities" { transform = log1p },
}
criterion "displacement" {
  indicator "displaced" { value = function(u) return u.idps + u.returnees end, transform = log1p },
}
criterion "access" {
  indicator "km_health"      { },
  indicator "health_per_10k" { invert = true },
}
