print("kg-bench: not yet")
