// The Ranking module; see Package.swift for its concern.
