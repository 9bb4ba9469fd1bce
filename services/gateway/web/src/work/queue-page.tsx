// A queue: search (name or NIP), order, view, pages of 20, all in the address (?q=…&urut=…
// &tampilan=…&hal=…) so that reload, back and a shared link show the same list. Changes that
// others make meanwhile are offered ("N baru — muat"), not loaded under the operator's hand.
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Button, Input, Label, Tab, TabList, TabPanel, Tabs, Text, TextField } from "react-aria-components";
import type { Key } from "react-aria-components";
import type { ParseKeys } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router";
import { idOf } from "../common/format";
import { LoadFailed } from "../common/load-state";
import { ActionMessage, Notice } from "../common/messages";
import type { Message } from "../common/messages";
import { PageHeading } from "../common/page";
import type { Claim, ListQueueResponse, QueueItem } from "../gen/ams/gateway/v1/work_service_pb";
import { ListQueueRequest_View } from "../gen/ams/gateway/v1/work_service_pb";
import { queues } from "../queues/queues";
import type { QueueId } from "../queues/queues";
import { LiveNews } from "../live/live-news";
import { useQueueNews, useRefreshCountsAfterAction } from "../live/live-updates";
import type { LiveQueue } from "../live/live-updates";
import { QueueTable } from "./queue-table";
import { useActions, useLoad } from "./use-work";

const pageSize = 20;

type WorkQueueId = Exclude<QueueId, "audit" | "parkedMail" | "operators" | "agencyKeys">;

// The live updates' name of each queue.
const liveQueueOf: Record<WorkQueueId, LiveQueue> = {
  diskominfo: "review",
  bsre: "registration",
  verifier: "verification",
};

export interface ViewOption {
  // The value of ?tampilan= (the first view is the default and leaves it out).
  param: string;
  view: ListQueueRequest_View;
  label: ParseKeys;
}

// The views of a queue whose items are decided one by one, each on its page (Diskominfo's
// review, the verifier's cases).
export const decisionViews: readonly [ViewOption, ...ViewOption[]] = [
  { param: "menunggu", view: ListQueueRequest_View.WAITING, label: "queue.viewWaiting" },
  { param: "diputuskan", view: ListQueueRequest_View.DECIDED, label: "queue.viewDecided" },
];

const orders = [
  { param: "terlama", orderBy: "enter_time", label: "queue.sortOldest" },
  { param: "terbaru", orderBy: "enter_time desc", label: "queue.sortNewest" },
  { param: "nama", orderBy: "full_name", label: "queue.sortName" },
] as const satisfies readonly { param: string; orderBy: string; label: ParseKeys }[];

export interface ListRequest {
  view: ListQueueRequest_View;
  query: string;
  orderBy: string;
  pageSize: number;
  page: number;
}

// What a queue's row offers beyond the common columns (BSrE: register, resend, timeline).
export interface RowContext {
  actions: ReturnType<typeof useActions>;
  onMessage(message: Message): void;
  reload(): void;
}

interface Props {
  queue: WorkQueueId;
  views: readonly [ViewOption, ...ViewOption[]];
  list(request: ListRequest): Promise<ListQueueResponse>;
  // Each item has its page under the queue's path ("/antrian/verifikasi/<id>").
  itemPages?: boolean;
  rowActions?(item: QueueItem, context: RowContext): ReactNode;
}

export function QueuePage({ queue, views, list, itemPages = false, rowActions }: Props) {
  const { t } = useTranslation();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const refreshCounts = useRefreshCountsAfterAction();
  const query = params.get("q") ?? "";
  const order = orders.find((o) => o.param === params.get("urut")) ?? orders[0];
  const view = views.find((v) => v.param === params.get("tampilan")) ?? views[0];
  const page = Math.max(1, Math.floor(Number(params.get("hal") ?? "1")) || 1);
  const actions = useActions();
  const [message, setMessage] = useState<Message>();
  const news = useQueueNews(liveQueueOf[queue]);
  const countRef = useRef<HTMLParagraphElement>(null);

  const loaded = useLoad(
    () => list({ view: view.view, query, orderBy: order.orderBy, pageSize, page: page - 1 }),
    [view.view, query, order.orderBy, page],
    true,
  );
  // Each load of the list takes in what changed before it.
  const { clear: clearNews } = news;
  useEffect(clearNews, [clearNews, view.view, query, order.orderBy, page]);
  const { reload: reloadList } = loaded;
  const reload = useCallback(() => {
    clearNews();
    reloadList();
  }, [clearNews, reloadList]);

  // A new address with the given parameters; the defaults are left out, and any change but
  // the page's goes back to page 1.
  function paramsWith(change: { q?: string; urut?: string; tampilan?: string; hal?: number }): URLSearchParams {
    const next = {
      q: change.q ?? query,
      urut: change.urut ?? order.param,
      tampilan: change.tampilan ?? view.param,
      hal: change.hal ?? 1,
    };
    const out = new URLSearchParams();
    if (next.q) out.set("q", next.q);
    if (next.urut !== orders[0].param) out.set("urut", next.urut);
    if (next.tampilan !== views[0].param) out.set("tampilan", next.tampilan);
    if (next.hal > 1) out.set("hal", String(next.hal));
    return out;
  }

  function update(change: Parameters<typeof paramsWith>[0]) {
    setMessage(undefined);
    setParams(paramsWith(change));
  }

  const data = loaded.data;
  const total = data?.totalSize ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const decided = view.view === ListQueueRequest_View.DECIDED;
  const activation = view.view === ListQueueRequest_View.AWAITING_ACTIVATION;

  function onMessage(m: Message) {
    setMessage(m);
    if (m.kind === "success") refreshCounts();
  }

  function onClaim(item: QueueItem, claim: Claim | undefined, refused?: boolean) {
    if (refused || !data) {
      reload();
      return;
    }
    loaded.set({ ...data, items: data.items.map((it) => (it.name === item.name ? { ...it, claim } : it)) });
  }

  const queuePath = queues.find((q) => q.id === queue)?.path ?? "";
  const detailPath = itemPages
    ? (item: QueueItem) => `${queuePath}/${encodeURIComponent(idOf(item.name))}`
    : undefined;
  const viewLabel = t(view.label);
  let results: ReactNode;
  if (!data && loaded.error) {
    results = <LoadFailed error={loaded.error} retry={reload} />;
  } else if (!data) {
    results = (
      <p className="loading" role="status">
        {t("queue.loading")}
      </p>
    );
  } else {
    results = (
      <>
        <p ref={countRef} className="queue-count" role="status" tabIndex={-1}>
          {query ? t("queue.countQuery", { count: total, query }) : t("queue.count", { count: total })}
        </p>
        {loaded.error && <LoadFailed error={loaded.error} retry={reload} />}
        {data.truncated && <Notice kind="info">{t("queue.truncated")}</Notice>}
        <ActionMessage message={message} id="queue-message" />
        {data.items.length === 0 ? (
          <div className="empty">
            <p>{total > 0 ? t("queue.beyondLastPage") : query ? t("queue.emptyQuery") : t("queue.empty")}</p>
            {total > 0 && <Link to={{ search: paramsWith({ hal: 1 }).toString() }}>{t("queue.firstPage")}</Link>}
          </div>
        ) : (
          <QueueTable
            caption={t("queue.caption", { view: viewLabel, page, pages })}
            items={data.items}
            busy={loaded.loading}
            back={location.pathname + location.search}
            detailPath={detailPath}
            showClaim={!decided}
            activation={activation}
            actions={actions}
            onClaim={onClaim}
            onMessage={onMessage}
            rowActions={rowActions && ((item) => rowActions(item, { actions, onMessage, reload }))}
          />
        )}
        {pages > 1 && (
          <nav className="paging" aria-label={t("queue.paging")}>
            {page > 1 && (
              <Link className="paging__link" rel="prev" to={{ search: paramsWith({ hal: page - 1 }).toString() }}>
                <span aria-hidden="true">← </span>
                {t("queue.previous")}
              </Link>
            )}
            <span className="paging__where">{t("queue.pageOf", { page, pages })}</span>
            {page < pages && (
              <Link className="paging__link" rel="next" to={{ search: paramsWith({ hal: page + 1 }).toString() }}>
                {t("queue.next")}
                <span aria-hidden="true"> →</span>
              </Link>
            )}
          </nav>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeading>{t(`queues.${queue}.title`)}</PageHeading>
      <div className="queue-tools">
        {/* Keyed by the query: back and forward put the address's query in the field. */}
        <SearchForm key={query} query={query} onSearch={(q) => update({ q })} />
        <div className="field field--inline">
          <label className="field__label" htmlFor="queue-order">
            {t("queue.sortLabel")}
          </label>
          <select
            id="queue-order"
            className="field__input field__select"
            value={order.param}
            onChange={(e) => update({ urut: e.target.value })}
          >
            {orders.map((o) => (
              <option key={o.param} value={o.param}>
                {t(o.label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LiveNews
        text={news.reset ? t("live.changed") : news.count > 0 ? t("live.newItems", { count: news.count }) : undefined}
        onLoad={reload}
        focusAfter={() => countRef.current}
      />
      <Tabs
        className="tabs"
        selectedKey={view.param}
        keyboardActivation="manual"
        onSelectionChange={(key: Key) => update({ tampilan: String(key) })}
      >
        <TabList className="tabs__list" aria-label={t("queue.viewLabel")}>
          {views.map((v) => (
            <Tab key={v.param} id={v.param} className="tabs__tab">
              {t(v.label)}
            </Tab>
          ))}
        </TabList>
        {views.map((v) => (
          <TabPanel key={v.param} id={v.param} className="tabs__panel">
            {v.param === view.param && results}
          </TabPanel>
        ))}
      </Tabs>
    </>
  );
}

function SearchForm({ query, onSearch }: { query: string; onSearch(query: string): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(query);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = value.trim();
    // A NIP copied in its groups ("19800101 201001 1 000") is searched as its digits.
    onSearch(/^[\d\s]+$/.test(query) ? query.replace(/\s+/g, "") : query);
  }

  return (
    <form role="search" className="search" onSubmit={submit}>
      <TextField className="field search__field" value={value} onChange={setValue} type="search">
        <Label className="field__label">{t("queue.searchLabel")}</Label>
        <Text slot="description" className="field__hint">
          {t("queue.searchHint")}
        </Text>
        <div className="search__row">
          <Input className="field__input search__input" autoComplete="off" spellCheck={false} />
          <Button type="submit" className="button button--primary search__button">
            {t("queue.search")}
          </Button>
        </div>
      </TextField>
      {query && (
        <Button className="link-button" onPress={() => onSearch("")}>
          {t("queue.clearSearch")}
        </Button>
      )}
    </form>
  );
}
