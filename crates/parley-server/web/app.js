// parley web app
