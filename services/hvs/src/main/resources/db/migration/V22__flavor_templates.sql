-- Flavor templates (SecL flavor_template). Deletion is soft, as in SecL: flavors keep naming the templates
-- they were made with. The shipped default template is inserted at start-up from the classpath.
CREATE TABLE flavor_templates (
    id         UUID PRIMARY KEY,
    label      TEXT        NOT NULL,
    content    JSONB       NOT NULL,
    deleted    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX flavor_templates_label ON flavor_templates (label) WHERE NOT deleted;

-- Which templates make flavors for which groups; a group without linked templates uses every template.
CREATE TABLE flavor_template_groups (
    flavor_template_id UUID NOT NULL REFERENCES flavor_templates (id) ON DELETE CASCADE,
    flavor_group_id    UUID NOT NULL REFERENCES flavor_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (flavor_template_id, flavor_group_id)
);
CREATE INDEX flavor_template_groups_group ON flavor_template_groups (flavor_group_id);
