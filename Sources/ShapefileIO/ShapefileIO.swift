// The ShapefileIO module; see Package.swift for its concern.
