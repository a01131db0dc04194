#!/bin/sh
# Fixtures of Tests/CommandLineTests/HintTests.swift, from the format fixtures' ';'-separated,
# decimal-comma ACLED file: line 3 (DRC11372, 21 December 2020, in a groupement of the sample)
# has 1 fatality; these copies write that cell three other ways.
cd "$(dirname "$0")"
src=../formats/acled_semicolon_decimal_comma.csv
for v in "1.000:point_thousand" "1000:plain_thousand" "1,000:comma_one"; do
  cell=${v%%:*}; name=${v#*:}
  sed "3s/;1;On 21 December/;$cell;On 21 December/" "$src" > "acled_$name.csv"
done
