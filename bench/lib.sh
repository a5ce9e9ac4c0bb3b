# Shared by the wrk benchmarks: one measurement as a table row, and the table.
# Expects THREADS, CONNECTIONS, DURATION and work (a scratch folder) to be set.

# measure NAME URL [HEADER]: prints "NAME req/s p50 p99"
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${3:+-H "$3"} "$2" > "$work/$1.txt"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  echo "$1 $rps $p50 $p99"
}

# print_table FIRST_COLUMN_TITLE RESULTS: the rows of measure as a Markdown table
print_table() {
  printf '| %-9s | %10s | %8s | %8s |\n' "$1" "req/s" "p50" "p99"
  printf '|-----------|------------|----------|----------|\n'
  echo "$2" | while read -r name rps p50 p99; do
    printf '| %-9s | %10s | %8s | %8s |\n' "$name" "$rps" "$p50" "$p99"
  done
}
