package config

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultsAreValid(t *testing.T) {
	c := Defaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   string // "" for valid
	}{
		{"postgres", func(c *Config) { c.DB = "postgres://u@h/db" }, ""},
		{"base url trimmed", func(c *Config) { c.BaseURL = "https://khabar.example/" }, ""},
		{"bad addr", func(c *Config) { c.Addr = "8080" }, "--addr"},
		{"empty db", func(c *Config) { c.DB = " " }, "--db is empty"},
		{"mysql", func(c *Config) { c.DB = "mysql://u@h/db" }, "not mysql"},
		{"bad base url", func(c *Config) { c.BaseURL = "khabar.example" }, "--base-url"},
		{"site name", func(c *Config) { c.SiteName = "" }, "--site-name is empty"},
		{"control in marker", func(c *Config) { c.EndMarker = "پایان\x00" }, "--end-marker"},
		{"idle", func(c *Config) { c.SessionIdle = time.Second }, "--session-idle"},
		{"max below idle", func(c *Config) { c.SessionMax = time.Hour }, "--session-max"},
		{"schedule", func(c *Config) { c.ScheduleEvery = 5 * time.Minute }, "--schedule-every"},
		{"api rate", func(c *Config) { c.APIRate = -1 }, "--api-rate"},
		{"no comment limit", func(c *Config) { c.CommentRate = 0 }, ""},
		{"negative comment rate", func(c *Config) { c.CommentRate = -1 }, "--comment-rate"},
		{"comment window", func(c *Config) { c.CommentWindow = 0 }, "--comment-window"},
		{"comment window of days", func(c *Config) { c.CommentWindow = 48 * time.Hour }, "--comment-window"},
		{"no search limit", func(c *Config) { c.SearchRate = 0 }, ""},
		{"negative search rate", func(c *Config) { c.SearchRate = -1 }, "--search-rate"},
		{"purge relay", func(c *Config) { c.PurgeURL = "http://127.0.0.1:9000/purge" }, ""},
		{"purge relay not http", func(c *Config) { c.PurgeURL = "ftp://cdn/purge" }, "--purge-url"},
		{"purge relay without a cache", func(c *Config) { c.PurgeURL = "http://127.0.0.1:9000/purge"; c.PageCacheMB = 0 }, "--purge-url"},
		{"no bound on idle connections", func(c *Config) { c.IdleConns = 0 }, ""},
		{"negative idle connections", func(c *Config) { c.IdleConns = -1 }, "--idle-conns"},
		{"media dir a file", func(c *Config) { c.MediaDir = "config_test.go" }, "--media-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			tt.change(&c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
	c := Defaults()
	c.BaseURL = "https://khabar.example/"
	c.Validate()
	if c.BaseURL != "https://khabar.example" {
		t.Errorf("BaseURL %q", c.BaseURL)
	}
}

// Photos live beside a SQLite file by default, named after it.
func TestMediaDirDefault(t *testing.T) {
	for db, want := range map[string]string{
		"khabar.db":                  "khabar-media",
		"/var/lib/khabar/news.db":    "/var/lib/khabar/news-media",
		"sqlite://data/khabar.db":    "data/khabar-media",
		"postgres://u@h/khabar":      "khabar-media",
		"postgresql://u@h/khabar?x=": "khabar-media",
	} {
		c := Defaults()
		c.DB = db
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if c.MediaDir != want {
			t.Errorf("--db %s: media in %q, want %q", db, c.MediaDir, want)
		}
	}
	c := Defaults()
	c.MediaDir = "/srv/shared/photos"
	if c.Validate(); c.MediaDir != "/srv/shared/photos" {
		t.Errorf("--media-dir given: %q", c.MediaDir)
	}
}
