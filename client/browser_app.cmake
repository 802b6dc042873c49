# browser app: filled in below
