// The Joins module; see Package.swift for its concern.
