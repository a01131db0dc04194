// What a run writes; see Package.swift.
