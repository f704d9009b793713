package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// perPage is the length of every listing page.
const perPage = 20

// maxPage bounds ?page= so that offsets stay small; no listing is that
// long, so a larger page is simply not found.
const maxPage = 100000

// parsePage reads ?page=N (1 when absent; Persian digits accepted). It
// returns EINVALID for anything that is not a positive number and
// ENOTFOUND for a page beyond any listing.
func parsePage(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("page"))
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(jalali.LatinDigits(v))
	switch {
	case err != nil && len(v) > 0 && strings.Trim(jalali.LatinDigits(v), "0123456789") == "":
		return 0, news.Errorf(news.ENOTFOUND, "صفحهٔ %s در هیچ فهرستی نیست", jalali.PersianDigits(v))
	case err != nil, n < 1:
		return 0, news.Errorf(news.EINVALID, "شمارهٔ صفحه باید عددی بزرگ‌تر از صفر باشد")
	case n > maxPage:
		return 0, news.Errorf(news.ENOTFOUND, "صفحهٔ %s در هیچ فهرستی نیست", jalali.PersianValue(n))
	}
	return n, nil
}

// pagedURL is the address of page pageNo of the listing at path: each
// page is its own canonical page.
func pagedURL(path string, pageNo int) string {
	if pageNo > 1 {
		return path + "?page=" + strconv.Itoa(pageNo)
	}
	return path
}

// pager is the page navigation under a listing.
type pager struct {
	Page, Last       int
	PrevURL, NextURL string
	Links            []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis between distant page numbers
}

// newPager returns the navigation for page of a listing of total items at
// u, keeping u's other query parameters; nil when one page holds it all.
func newPager(u *url.URL, page, total, size int) *pager {
	last := (total + size - 1) / size
	if last <= 1 && page <= 1 {
		return nil
	}
	at := func(n int) string {
		q := u.Query()
		if n <= 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		p := u.EscapedPath()
		if enc := q.Encode(); enc != "" {
			p += "?" + enc
		}
		return p
	}
	p := &pager{Page: page, Last: last}
	if page > 1 {
		p.PrevURL = at(min(page-1, max(last, 1)))
	}
	if page < last {
		p.NextURL = at(page + 1)
	}
	for n := 1; n <= last; n++ {
		// first, last, and two either side of the current page
		if n == 1 || n == last || (n >= page-2 && n <= page+2) {
			p.Links = append(p.Links, pageLink{N: n, URL: at(n), Current: n == page})
		} else if len(p.Links) > 0 && !p.Links[len(p.Links)-1].Gap {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
	}
	return p
}

// outOfRange reports whether page lies past the end of a listing of total
// items; page 1 of an empty listing is in range.
func outOfRange(page, total, size int) bool {
	return page > 1 && (page-1)*size >= total
}
