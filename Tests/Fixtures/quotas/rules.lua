-- One indicator, the unit's NEED attribute: the rank order is the order of NEED (API: Scripts/README.md).
criterion "need" { indicator "need_score" { value = function(u) return u.attr["NEED"] end } }
score { "need" }
