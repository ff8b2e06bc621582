"""The Microsoft Teams app package: manifest, icons and the script that zips them."""
