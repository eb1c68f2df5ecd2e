# Reference figures for global statistics on weights with islands (spdep's adjust.n / adjust.x).
# Run from this folder: Rscript make.R  (R 4.2.2, spdep 1.2-7, sf 1.0-9, jsonlite)
suppressMessages({ library(sf); library(spdep); library(jsonlite) })
suppressMessages(sf_use_s2(FALSE))
poly <- st_read("../trafford_lsoa21/lsoa21_boundaries_generalised.geojson", quiet = TRUE)
tab <- read.csv("../trafford_lsoa21/ethnicity_2021_lsoa_wide.csv", check.names = FALSE)
tab <- tab[match(poly$area_code, tab$area_code), ]
x <- 1 - tab[["White: English, Welsh, Scottish, Northern Irish or British"]] / tab$total_usual_residents
nb <- suppressMessages(poly2nb(poly, queen = TRUE))
# Make islands: cut every link of three areas (queen contiguity has none of its own).
cut <- c(10L, 50L, 100L)
for (i in cut) {
  for (j in nb[[i]]) if (j != 0L) nb[[j]] <- setdiff(nb[[j]], i)
  nb[[i]] <- 0L
}
for (j in seq_along(nb)) if (length(nb[[j]]) == 0L) nb[[j]] <- 0L
nb <- structure(lapply(nb, as.integer), class = "nb", region.id = attr(nb, "region.id"))
stopifnot(sum(card(nb) == 0L) == 3L)
lwW <- nb2listw(nb, style = "W", zero.policy = TRUE)
lwB <- nb2listw(nb, style = "B", zero.policy = TRUE)
# Numbers as %.17g (shortest exact form is not available in jsonlite; 17 digits round-trip).
num <- function(v) structure(if (length(v) == 1L) sprintf("%.17g", v) else
  paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]"), class = "json")
est <- function(t) lapply(list(statistic = unname(t$estimate[1]), expectation = unname(t$estimate[2]),
  variance = unname(t$estimate[3]), z = as.numeric(t$statistic), p_greater = as.numeric(t$p.value)), num)
out <- list(
  ids = poly$area_code,
  islands = I(poly$area_code[cut]),
  neighbours = lapply(nb, function(v) I(if (length(v) == 1L && v == 0L) character(0) else poly$area_code[v])),
  x = num(x)
)
for (adj in c(TRUE, FALSE)) {
  key <- if (adj) "adjust_n_TRUE" else "adjust_n_FALSE"
  out[[key]] <- list(
    moran_W_randomisation = est(moran.test(x, lwW, randomisation = TRUE, zero.policy = TRUE, adjust.n = adj)),
    moran_W_normality = est(moran.test(x, lwW, randomisation = FALSE, zero.policy = TRUE, adjust.n = adj)),
    geary_W_randomisation = est(geary.test(x, lwW, randomisation = TRUE, zero.policy = TRUE, adjust.n = adj)),
    geary_W_normality = est(geary.test(x, lwW, randomisation = FALSE, zero.policy = TRUE, adjust.n = adj)),
    globalG_B = est(globalG.test(x, lwB, zero.policy = TRUE, adjust.n = adj, adjust.x = adj))
  )
}
writeLines(toJSON(out, auto_unbox = TRUE, json_verbatim = TRUE), "expected.json")
