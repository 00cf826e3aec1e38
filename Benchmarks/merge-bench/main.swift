print("merge-bench: see main")
