"""`make demo`: a private server with scripted contacts, and Attend signed in to watch them."""
