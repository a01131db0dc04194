-- A quota at a level the manifest does not declare.
criterion "need" { indicator "need_score" { value = function(u) return u.attr["NEED"] end } }
score { "need" }
selection { per = { provinces = 1 } }
