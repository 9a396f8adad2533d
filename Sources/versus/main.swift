print("versus")
