import ArgumentParser
print("targeting")
