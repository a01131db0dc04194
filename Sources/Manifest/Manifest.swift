// The Manifest module; see Package.swift for its concern.
