// Loading a project; see Package.swift.
