// The Geometry module; see Package.swift for its concern.
