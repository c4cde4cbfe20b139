"""Pure facts across notes: the agenda since the last session, the periods and weekly
reviews, mood by day, what repeated. Notes in, facts out; no file, no clock (today is an
argument), no rendering."""
