# lots and serials

# composition lists and build

# split, merge and genealogy

# recall

# labels and scanner
