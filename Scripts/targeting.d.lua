---@meta
-- Type definitions for the Lua language server: completion and checks while editing rules.
-- The functions themselves are provided by the targeting engine (see Scripts/README.md).

---@class Date
---@field year integer
---@field month integer
---@field day integer
---@field iso string  -- "YYYY-MM-DD"
---Dates move by whole days, at most 3,652,425 (10,000 years) at a time, and stay within 0001-01-01 to 9999-12-31.
---@operator add(integer): Date
---@operator sub(integer): Date
---@operator sub(Date): integer

---@class Project
---@field as_of Date     the analysis date
---@field units integer  how many units are ranked
project = {}

---@class Unit
---@field id string
---@field name string
---@field parent string|nil
---@field population number|nil  nil when missing or 0
---@field attr table<string, string|number|boolean>  a field the units do not have is an error (with "did you mean"); a fresh copy for each rule call
---@field [string] number|nil  every declared fact, nil when missing

---@class Fact
---@class FactRef
---@class Comparison
---@class Transform
---@class Scale
---@class Node

-- Every options table below lists the keys its declaration takes, as DeclarationSchema.swift
-- does (a test compares them): any other key is an error at its line.
---@class FactOptions
--- On a zone layer (polygons, or a table with `zones = "…"` in the manifest) only count, sum,
--- latest and per_10k are allowed: computed per zone, then shared among units by area (or population).
---@field layer string
---@field field? string
---@field from? Date|string
---@field to? Date|string
---@field km? number            within only: a distance above 0
---@field where? table<string, any>

---@param spec table<string, Fact>
function facts(spec) end
---@param o FactOptions @return Fact
function count(o) end
---@param o FactOptions @return Fact
function sum(o) end
---@param o FactOptions @return Fact
function mean(o) end
---@param o FactOptions @return Fact
function minimum(o) end
---@param o FactOptions @return Fact
function maximum(o) end
---@param o FactOptions @return Fact
function within(o) end
---@param o FactOptions @return Fact
function nearest(o) end
---@param o FactOptions @return Fact
function latest(o) end
---@param o FactOptions @return Fact
function per_10k(o) end
---@return Fact
function area_km2() end
---@param field string @return Fact
function attribute(field) end
---@param name string @return FactRef
function fact(name) end

---@param x any @return Comparison
function above(x) end
---@param x any @return Comparison
function at_least(x) end
---@param x any @return Comparison
function below(x) end
---@param x any @return Comparison
function at_most(x) end
---@param x any @return Comparison
function is_not(x) end

---@class IndicatorOptions
---@field title? string
---@field value? string|Fact|FactRef|fun(u: Unit): number|nil
---@field transform? function|string|Transform|table
---@field cap? number
---@field floor? number
---@field winsorise? number[]
---@field direction? "higher_is_worse"|"lower_is_worse"
---@field invert? boolean
---@field scale? "minmax"|"zscore"|"percentile"|"none"|Scale
---@field weight? number         ≥ 0 (default 1)

---@param name string @return fun(o: IndicatorOptions): Node
function indicator(name) end
---What a unit gets when a whole criterion is missing for it: "exclude" (default: not ranked,
---listed with the reason), "rescale" (scored on the criteria present), "parent_mean" (the mean
---of the criterion over the units of its parent that have it), or a stated number.
---@alias MissingPolicy "exclude"|"rescale"|"parent_mean"|number

---@class CriterionOptions
---@field title? string
---@field weight? number            ≥ 0; under minimum/maximum it must be 1
---@field aggregate? "mean"|"geometric"|"minimum"|"maximum"
---@field missing? MissingPolicy    when this criterion is wholly missing for a unit
---@field shift? number             geometric only: exp(Σw·log(x+shift)/Σw) − shift; needed when a child can be 0

---@param name string @return fun(o: CriterionOptions|table): Node   -- plus indicator … / criterion … items
function criterion(name) end
---@class ScoreOptions             plus the criteria's names, in order: { "conflict", "displacement", … }
---@field title? string
---@field aggregate? "mean"|"geometric"|"minimum"|"maximum"
---@field weights? table<string, number>  by criterion name, each ≥ 0 (default: the criterion's weight)
---@field missing? MissingPolicy    the policy of every criterion that states none (default "exclude")
---@field shift? number             geometric only, above 0

---@param spec ScoreOptions
function score(spec) end

---The function must return true or false (anything else is an error naming the unit).
---@class GateOptions
---@field eligible_if fun(u: Unit): boolean
---@field reason string

---@param name string @return fun(o: GateOptions)
function gate(name) end

---The function must return true or false.
---@class FlagOptions
---@field when fun(u: Unit): boolean
---@field reason string

---@param name string @return fun(o: FlagOptions)
function flag(name) end

---`when` must return true or false. An included unit keeps the gate failures it overrides on record.
---@class OverrideOptions          plus the unit ids: { "CD…", …, reason = "…" }
---@field reason string
---@field when? fun(u: Unit): boolean

---@param spec OverrideOptions
function include(spec) end
---@param spec OverrideOptions
function exclude(spec) end

---@class ClassesOptions           plus the labels, highest priority first
---@field method? "quantile"
---@field breaks? number[]          descending, one fewer than the labels

---@param spec ClassesOptions
function classes(spec) end

---Under a budget, cost must give a finite number ≥ 0 for every unit that can be selected (else an error names the unit).
---@class SelectionOptions
---@field top? integer              a whole number from 0 to 2^53
---@field per_parent? integer       a whole number from 0 to 2^53
---@field at_least_per_parent? integer  a whole number from 0 to 2^53
---@field per? table<string, integer>   at most N units per area of a level the project declares, e.g. { province = 3 }
---@field budget? number
---@field cost? string|fun(u: Unit): number
---@field locked_in? string[]
---@field locked_out? string[]

---@param spec SelectionOptions
function selection(spec) end

---Which weights vary in an uncertainty analysis: keys are criterion or indicator names, or `all`;
---`all` leaves out weights that cannot act: children of a minimum or maximum, and the only child of a criterion;
---a number p is a relative spread (× U(1−p, 1+p)), `{ low, high }` a uniform weight, `{ sd }` × normal(1, sd) truncated at 0,
---"fitted" (with fit_weights by least squares) × normal(1, SE/|β|) truncated at 0.
---`aggregations` (optional): the score's aggregation is drawn per run from these, with equal chances.
---`scales` (optional): one scale per run for every indicator on minmax/percentile/zscore, keeping its range.
---`windows` (optional): by fact name, lengths in days (at least two) ending where the fact's window ends, one drawn per run;
---a fact of the same measure whose window ends the day before follows it. `weights` may then be left out.
---@class UncertaintyOptions
---@field runs? integer             0 to 100000 (default 1000)
---@field seed? integer             0 to 2^53 (default 1)
---@field weights? table<string, number|WeightSpread|"fitted">
---@field aggregations? ("mean"|"geometric"|"minimum"|"maximum")[]
---@field scales? ("minmax"|"percentile"|"zscore")[]
---@field windows? table<string, integer[]>  by fact name, lengths in days (at least two) to draw from

---@class WeightSpread             { low, high }: a uniform weight; { sd }: × normal(1, sd)
---@field low? number
---@field high? number
---@field sd? number

---@param spec UncertaintyOptions
function uncertainty(spec) end

---The score's weights estimated from data: least squares of an outcome fact on the standardised criteria
---(`higher_is` = "better": a higher outcome means less priority), or the first principal component's squared loadings.
---@class FitWeightsOptions
---@field method? "least_squares"|"principal_component"
---@field outcome? string
---@field per? "population"
---@field higher_is? "better"|"worse"

---@param spec FitWeightsOptions
function fit_weights(spec) end

---@param x number|nil @return number|nil
function log1p(x) end
---@param x number|nil @return number|nil
function sqrt(x) end
---@param x number @return Transform
function cap(x) end
---@param x number @return Transform
function floor_at(x) end
---@param lo number @param hi number @return Transform  percentiles, 0 ≤ lo ≤ hi ≤ 1
function winsorise(lo, hi) end
---@return Scale
function minmax(lo, hi) end
---@param min number @param max number @param top? number @return Scale  min and max are required
function goalposts(min, max, top) end
---@return Scale
function percentile_to(top) end
---@param breaks number[] @param scores number[] @return Scale
function thresholds(breaks, scores) end

---@param x number|nil @param population number|nil @return number|nil
function per_head(x, population) end
---@return number|nil
function safe_div(a, b) end
---@return number|nil
function clamp(x, lo, hi) end
---@return boolean
function is_missing(x) end
---@param iso string @return Date
function date(iso) end
---@return boolean
function is_date(x) end
---@generic K, V
---@param t table<K, V> @return fun(): K, V
function sorted_pairs(t) end
