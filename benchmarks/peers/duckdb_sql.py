"""DuckDB, recursive CTEs: generation and origin walking down from the seekers, descendants walking up.

Usage: python duckdb_sql.py SOURCE_FOLDER OUT.csv
"""

import sys

import duckdb

src, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"""
CREATE TABLE intros AS
  SELECT seeker, introducer, introduced FROM read_csv('{src}/introductions.csv', all_varchar=true);
CREATE TABLE contacts AS SELECT id FROM read_csv('{src}/contacts.csv', all_varchar=true);
COPY (
  WITH RECURSIVE down(seeker, contact, generation, origin) AS (
      SELECT seeker, introduced, 1, introduced FROM intros WHERE introducer = seeker
    UNION ALL
      SELECT i.seeker, i.introduced, d.generation + 1, d.origin
      FROM intros i JOIN down d ON i.seeker = d.seeker AND i.introducer = d.contact
  ),
  up(seeker, ancestor, contact) AS (
      SELECT seeker, introducer, introduced FROM intros WHERE introducer <> seeker
    UNION ALL
      SELECT u.seeker, i.introducer, u.contact
      FROM up u JOIN intros i ON i.seeker = u.seeker AND i.introduced = u.ancestor AND i.introducer <> i.seeker
  ),
  descendants AS (SELECT seeker, ancestor AS contact, count(*) AS descendants FROM up GROUP BY ALL),
  direct AS (SELECT seeker, introducer AS contact, count(*) AS direct_introductions FROM intros GROUP BY ALL)
  SELECT d.seeker, d.contact, d.generation, coalesce(s.descendants, 0) AS descendants,
         coalesce(x.direct_introductions, 0) AS direct_introductions, d.origin
  FROM down d
  LEFT JOIN descendants s USING (seeker, contact)
  LEFT JOIN direct x USING (seeker, contact)
) TO '{out}' (HEADER, DELIMITER ',');
""")
