print("memloop")
