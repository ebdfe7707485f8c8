-- Drives Neovim's built-in LSP client against `enginelint server`, headless, as a person
-- would: an unsaved typo in leanengine.yaml, then a quick fix for an unpinned requirement.
-- Reads ENGINELINT_SERVER (the command, as JSON), ENGINELINT_PROJECT; writes ENGINELINT_OUT.
local server = vim.fn.json_decode(os.getenv("ENGINELINT_SERVER"))
local project = os.getenv("ENGINELINT_PROJECT")
local seen = {}

local function note(key, value)
  seen[key] = value
end

local function codes(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, tostring(d.code or (d.user_data and d.user_data.lsp.code)))
  end
  table.sort(found)
  return table.concat(found, ",")
end

local function wait_for(bufnr, expected)
  vim.wait(60000, function() return codes(bufnr) == expected end, 50)
  return codes(bufnr)
end

local start = vim.lsp.start or nil
local client_id
local function attach(bufnr)
  if client_id == nil then
    local config = { name = "enginelint", cmd = server, root_dir = project }
    if start ~= nil then
      client_id = start(config)
    else
      client_id = vim.lsp.start_client(config)
    end
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
end

-- 1. leanengine.yaml: a typo'd key, typed and not saved.
vim.cmd("edit " .. vim.fn.fnameescape(project .. "/leanengine.yaml"))
local yaml = vim.api.nvim_get_current_buf()
attach(yaml)
note("yaml_clean", wait_for(yaml, ""))
vim.api.nvim_buf_set_lines(yaml, 0, -1, false, { "startupTimout: 60" })
note("yaml_typo", wait_for(yaml, "EL402"))
local typo = vim.diagnostic.get(yaml)[1]
if typo then
  note("yaml_typo_at", { typo.lnum, typo.col, typo.end_col })
end
note("yaml_modified", vim.bo[yaml].modified)

-- 2. requirements.txt: EL202, fixed with its code action.
vim.cmd("edit " .. vim.fn.fnameescape(project .. "/requirements.txt"))
local requirements = vim.api.nvim_get_current_buf()
attach(requirements)
note("requirements_before", wait_for(requirements, "EL202"))
local client = vim.lsp.get_client_by_id(client_id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(requirements) },
  range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
  context = { diagnostics = {} },
}
local responses = vim.lsp.buf_request_sync(requirements, "textDocument/codeAction", params, 60000)
local titles = {}
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    if action.isPreferred and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    end
  end
end
note("actions", titles)
note("requirements_fixed", vim.api.nvim_buf_get_lines(requirements, 0, 1, false)[1])
note("requirements_after", wait_for(requirements, ""))

-- 3. The typo fixed by hand: its finding clears too.
vim.api.nvim_buf_set_lines(yaml, 0, -1, false, { "startupTimeout: 60" })
note("yaml_after", wait_for(yaml, ""))

local out = io.open(os.getenv("ENGINELINT_OUT"), "w")
out:write(vim.fn.json_encode(seen))
out:close()
vim.lsp.stop_client(client_id, true)
vim.cmd("qa!")
