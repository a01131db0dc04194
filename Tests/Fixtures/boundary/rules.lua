-- A one-fact rules script for the boundary fixture (API: Scripts/README.md).
facts { sites = count { layer = "sites" } }
criterion "coverage" { indicator "sites" {} }
score { "coverage" }
