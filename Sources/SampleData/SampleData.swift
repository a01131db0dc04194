// The SampleData module; see Package.swift for its concern.
