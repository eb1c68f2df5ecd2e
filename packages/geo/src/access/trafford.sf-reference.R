# Reference figures for trafford.test.ts, computed with R sf (GEOS planar geometry in EPSG:27700).
# Inputs: the 427 Trafford OS Open Greenspace sites reprojected to BNG with @cohesion/geo `toBng`
# (written to sites_bng.geojson) and the 139 LSOA 2021 origin points (origins.csv: id, x, y).
# Output: trafford.sf-reference.json (the x, y of the origins are stored beside the results).
suppressMessages(library(sf))
sites <- st_read('sites_bng.geojson', quiet = TRUE)
xy <- read.csv('origins.csv', colClasses = c('character', 'numeric', 'numeric'))
o <- st_as_sf(xy, coords = c("x", "y"), crs = st_crs(sites))
ha <- as.numeric(st_area(sites)) / 1e4
out <- list(ids = xy$id, site_ha = ha)
for (m in c(0, 2, 20)) {
  s <- sites[ha >= m, ]
  k <- st_nearest_feature(o, s)
  out[[paste0('nearest_m_min', m, 'ha')]] <- as.numeric(st_distance(o, s[k, ], by_element = TRUE))
}
w <- st_is_within_distance(o, sites, dist = 1000)
out$sites_within_1km <- lengths(w)
out$area_within_1km_ha <- sapply(w, function(j) sum(ha[j]))
out$sf_version <- as.character(packageVersion('sf'))
out$geos_version <- sf_extSoftVersion()[['GEOS']]
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), 'sf_out.json')
