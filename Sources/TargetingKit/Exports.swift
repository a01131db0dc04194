// The types a TargetingKit result is made of (units, facts, rankings, diagnostics, run records),
// visible to a program that imports TargetingKit alone.
@_exported import Domain
@_exported import Joins
@_exported import Manifest
@_exported import Project
@_exported import Ranking
@_exported import Reports
@_exported import Rules
// What `FileInspection` reports about a file (defined beside the shapefile reader that fills it),
// and the kind of shapes it names.
@_exported import struct ShapefileIO.InspectReport
@_exported import enum ShapefileIO.LayerGeometry
