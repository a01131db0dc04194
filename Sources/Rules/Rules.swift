// The Rules module; see Package.swift for its concern.
