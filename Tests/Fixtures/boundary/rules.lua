-- A one-fact rules script for the boundary fixture (API: Scripts/README.md).
facts { sites = count { layer = "sites" } }
criterion "sites" { indicator "sites" {} }
score { "sites" }
