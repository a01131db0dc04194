// The Tables module; see Package.swift for its concern.
