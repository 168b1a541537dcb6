"""The notebooks' lesson code against tvlib's fast versions (one file per notebook)."""
