// The Outputs module; see Package.swift for its concern.
