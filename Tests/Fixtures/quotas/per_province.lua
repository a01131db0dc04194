-- As rules.lua, selecting at most 1 unit per province.
criterion "need" { indicator "need_score" { value = function(u) return u.attr["NEED"] end } }
score { "need" }
selection { per = { province = 1 } }
