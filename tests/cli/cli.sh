#!/bin/bash
# The headless command line, as a script would use it: cli.sh QUARRY CASE runs one case against
# the quarry executable, in a temporary folder, with no display (ctest sets QT_QPA_PLATFORM=xcb
# and an empty DISPLAY, on which a QApplication would abort). Exit 0: passed; 77: skipped.
set -u

quarry=$1
case=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

fail() {
    echo "FAIL ($case): $*" >&2
    exit 1
}

# run EXPECTED_STATUS ARGS...: runs quarry, keeps its output in $out and $err.
run() {
    local expected=$1
    shift
    "$quarry" "$@" >out.txt 2>err.txt
    local status=$?
    out=$(cat out.txt)
    err=$(cat err.txt)
    if [ "$status" -ne "$expected" ]; then
        fail "quarry $* exited with $status, not $expected; stderr: $err"
    fi
}

expect_in() { # TEXT PATTERN
    grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"
}

case $case in
init_export)
    run 0 init --demo 200 demo.db
    expect_in "$out" "Added 200 sample users"
    # On an existing database init only makes sure of the schema: the users stay.
    run 0 init demo.db
    expect_in "$out" "The tables are ready in demo.db"
    run 0 export --format json demo.db
    [ "$(wc -l <out.txt)" -eq 202 ] || fail "expected 200 users between [ and ], got $(wc -l <out.txt) lines"
    [ "$(head -n 1 out.txt)" = "[" ] && [ "$(tail -n 1 out.txt)" = "]" ] || fail "not a JSON array"
    expect_in "$(sed -n 2p out.txt)" '{"id":1,"name":'
    run 0 export --format csv --output users.csv demo.db
    expect_in "$out" "Exported 200 users to users.csv"
    [ "$(head -n 1 users.csv | tr -d '\r')" = "id,name,age,posts" ] || fail "CSV header: $(head -n 1 users.csv)"
    # The format follows the output's name; standard output with -.
    run 0 export -o copy.csv demo.db
    cmp -s users.csv copy.csv || fail "export -o copy.csv is not CSV"
    run 0 export -f csv -o - demo.db
    cmp -s users.csv out.txt || fail "export to standard output differs from the file"
    # Read-only is enough to export.
    run 0 export --read-only -f csv demo.db
    cmp -s users.csv out.txt || fail "export --read-only differs"
    ;;
import)
    run 0 init people.db
    # A BOM, CRLF, columns in another order, quotes, commas and a line break inside quotes.
    printf '\xef\xbb\xbfage,name,posts\r\n30,"Smith, ""Jr""","[""Hello, world""]"\r\n,"two\nlines",\r\n42,Смитти,\r\n' >people.csv
    run 0 import --format csv people.csv people.db
    expect_in "$out" "Imported 3 users into people.db"
    run 0 export people.db
    expect_in "$out" '{"id":1,"name":"Smith, \"Jr\"","age":30,"posts":[{"id":1,"title":"Hello, world","user_id":1}]}'
    expect_in "$out" '{"id":2,"name":"two\nlines","age":null,"posts":[]}'
    expect_in "$out" '"name":"Смитти","age":42'
    # From standard input too.
    printf 'name,age\nPiped,7\n' | "$quarry" import - people.db >out.txt 2>err.txt || fail "import - failed: $(cat err.txt)"
    run 0 export -f csv people.db
    expect_in "$out" "4,Piped,7,"
    ;;
bad_csv)
    run 0 init --demo 20 demo.db
    run 0 export demo.db
    cp out.txt before.json
    printf 'name,age\nAda,36\nLinus,54\nBob,abc\nEve,30\n' >bad.csv
    run 1 import --format csv bad.csv demo.db
    expect_in "$err" "quarry: bad.csv: row 4, column age: 'abc'"
    [ "$(wc -l <err.txt)" -eq 1 ] || fail "more than one line of error: $err"
    run 0 export demo.db
    cmp -s before.json out.txt || fail "the failed import changed the database"
    # A key the database has already: the same, nothing written.
    printf 'id,name,age\n1000,New,1\n3,Taken,2\n' >dup.csv
    run 1 import dup.csv demo.db
    expect_in "$err" "row 3, column id"
    run 0 export demo.db
    cmp -s before.json out.txt || fail "the duplicate id changed the database"
    ;;
round_trip)
    run 0 init --demo 300 first.db
    run 0 export -f csv -o first.csv first.db
    run 0 init second.db
    run 0 import first.csv second.db
    expect_in "$out" "Imported 300 users"
    run 0 export -f csv -o second.csv second.db
    cmp -s first.csv second.csv || fail "the CSV of the imported database differs"
    run 0 export -f json -o first.json first.db
    run 0 export -f json -o second.json second.db
    cmp -s first.json second.json || fail "the JSON of the imported database differs"
    ;;
errors)
    echo "my notes" >notes.txt
    run 1 export notes.txt
    expect_in "$err" "quarry: notes.txt: This file is not a database"
    run 1 init notes.txt
    [ "$(cat notes.txt)" = "my notes" ] || fail "init changed a file that is not a database"
    run 1 export missing.db
    expect_in "$err" "there is no database"
    [ ! -e missing.db ] || fail "export created missing.db"
    run 2 export 'nosuch://x'
    expect_in "$err" "quarry: "
    run 2 export
    expect_in "$err" "DATABASE is missing"
    run 2 import only-one-argument
    run 2 init --demo many x.db
    run 2 export --format xml x.db
    run 2 init --read-only x.db
    # A failed export leaves the output file as it was, and no temporary file behind.
    echo "old export" >out.json
    run 1 export -o out.json notes.txt
    [ "$(cat out.json)" = "old export" ] || fail "the failed export touched out.json"
    [ "$(ls | grep -c '^out.json')" -eq 1 ] || fail "a temporary file was left: $(ls)"
    ;;
postgresql)
    if [ -z "${QUARRY_TEST_POSTGRES_URL:-}" ] || ! command -v psql >/dev/null; then
        [ "${QUARRY_REQUIRE_POSTGRES:-0}" = 1 ] && fail "PostgreSQL is required but QUARRY_TEST_POSTGRES_URL or psql is missing"
        echo "skipped: no PostgreSQL server (QUARRY_TEST_POSTGRES_URL) or no psql"
        exit 77
    fi
    name=quarry_cli_$$
    psql -q "$QUARRY_TEST_POSTGRES_URL" -c "CREATE DATABASE $name" || fail "cannot create $name"
    trap 'psql -q "$QUARRY_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"; rm -rf "$work"' EXIT
    url=${QUARRY_TEST_POSTGRES_URL%/*}/$name
    run 0 init --demo 100 "$url"
    # The password never shows.
    expect_in "$out" "Added 100 sample users"
    grep -qF -- "${url#*://}" out.txt && fail "the password was printed: $out"
    run 0 export -f csv -o pg.csv "$url"
    run 0 init copy.db
    run 0 import pg.csv copy.db
    run 0 export -f csv -o copy.csv copy.db
    cmp -s pg.csv copy.csv || fail "PostgreSQL and SQLite exports differ"
    printf 'name,age\nOK,1\nBad,200\n' >bad.csv
    run 1 import bad.csv "$url"
    expect_in "$err" "row 3, column age"
    run 0 export -f csv "$url"
    cmp -s pg.csv out.txt || fail "the failed import changed the PostgreSQL database"
    # --read-only is enforced by the server.
    run 0 export --read-only -f csv "$url"
    cmp -s pg.csv out.txt || fail "export --read-only differs"
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "passed: $case"
