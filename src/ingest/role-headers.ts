/**
 * Header dictionaries for role detection, in English and Chinese, compared after `normalizeHeader`
 * (lower case, no spaces, underscores, dashes, dots or brackets). `exact` names are listed in order
 * of preference (the first is the best column for the role); `partial` words only hint at a role.
 */
import type { Role } from './types';

/** Known header names of one role. */
export interface RoleHeaders {
  exact: string[];
  partial: string[];
  /** Names that contain a partial word but are not this role. */
  never?: string[];
  /** Words that rule a header out whatever else it says (`Customer total` is money, not a customer). */
  notWords?: string[];
}

/** Lower case, without blanks, `_ - . / ( ) # :` and full-width brackets, so `Lineitem quantity` = `lineitem_quantity`. */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./()#:：（）【】[\]]+/g, '');
}

/** Header names of every role (see the module comment for how they are compared). */
export const ROLE_HEADERS: Record<Role, RoleHeaders> = {
  customer_id: {
    exact: [
      'customerid', 'customer', 'customeremail', 'email', 'emailaddress', 'billingemail', 'clientid',
      'userid', 'user', 'visitorid', 'buyerid', 'buyer', 'memberid', 'accountid', 'customerno',
      'customernumber', 'customercode', 'customeruserid', 'uid', 'cid', 'masterid', 'customerkey',
      '买家会员名', '买家会员id', '买家id', '买家昵称', '会员名', '会员id', '客户id', '客户编号', '客户',
      '用户id', '用户名', '顾客id', '买家账号', '买家邮箱',
    ],
    partial: ['customer', 'user', 'visitor', 'buyer', 'member', 'client', 'email', 'kunde', 'cliente', '买家', '客户', '会员', '用户', '顾客'],
    never: ['customernote', 'username', 'useragent', 'buyername', 'firstname', 'lastname', '买家留言', '买家备注', '买家支付宝账号'],
    notWords: [
      'amount', 'total', 'price', 'spent', 'paid', 'value', 'revenue', 'sales', 'count', 'orders', 'since', 'date',
      'time', 'country', 'city', 'address', 'zip', 'postal', 'state', 'province', 'note', 'tags', 'type', 'group',
      'segment', 'product', 'sku', 'item', 'style', 'asin', 'title', 'category', 'agent', 'ipaddress', 'language', 'locale',
      '金额', '价', '时间', '日期', '地址', '国家', '省', '城市', '留言', '备注', '类型',
    ],
  },
  order_id: {
    exact: [
      'orderid', 'ordernumber', 'orderno', 'ordernum', 'order', 'invoiceno', 'invoice', 'invoicenumber',
      'invoiceid', 'transactionid', 'receiptid', 'receiptno', 'purchaseid', 'salesorder', 'basketid',
      'orderkey', '订单编号', '订单号', '主订单编号', '子订单编号', '交易号', '订单id', '交易编号', '单号',
    ],
    partial: ['order', 'invoice', 'transaction', 'receipt', '订单'],
    never: ['orderdate', 'ordertotal', 'orderstatus', 'ordertime', 'ordercreated', 'ordersubtotal', 'orderamount', 'ordercurrency', '订单状态', '订单金额', '订单创建时间', '订单付款时间', '订单备注'],
    notWords: ['amount', 'total', 'date', 'time', 'status', 'count', 'line', 'currency', 'quantity', 'qty', '金额', '时间', '状态', '数量'],
  },
  timestamp: {
    exact: [
      'timestamp', 'datetime', 'date', 'createdat', 'orderdate', 'invoicedate', 'purchasedate',
      'transactiondate', 'eventtime', 'eventdate', 'orderdatetime', 'ordertime', 'orderedat',
      'time', 'ts', 'created', 'createddate', 'purchasetime', 'datecreated', 'paidat', 'paymentdate',
      'saledate', 'day', 'eventtimestamp', 'collectortstamp', 'derivedtstamp',
      '订单创建时间', '付款时间', '下单时间', '成交时间', '创建时间', '支付时间', '订单付款时间', '交易时间',
      '时间', '日期', '下单日期',
    ],
    partial: ['date', 'time', 'tstamp', '时间', '日期'],
    never: [
      'cancelledat', 'canceledat', 'fulfilledat', 'shippedat', 'deliveredat', 'refundedat', 'updatedat',
      'modifiedat', 'closedat', 'birthdate', 'dateofbirth', 'shipdate', 'deliverydate', '发货时间', '确认收货时间',
      '打款商家金额', '退款时间', '关闭时间',
    ],
  },
  amount: {
    exact: [
      'amount', 'linetotal', 'itemtotal', 'lineamount', 'total', 'ordertotal', 'grandtotal', 'revenue',
      'sales', 'dollarvalue', 'totalprice', 'totalamount', 'value', 'orderamount', 'paymentamount',
      'subtotal', 'netsales', 'grosssales', 'sale', 'spend', 'ordervalue', 'paid', 'paidamount',
      '实付金额', '买家实际支付金额', '实收款', '总金额', '订单金额', '买家应付货款', '支付金额', '金额', '销售额',
      '成交金额', '订单总金额', '实际支付金额', '应付金额',
    ],
    partial: ['amount', 'total', 'revenue', 'sales', 'value', '金额', '货款', '销售额'],
    never: ['totalquantity', 'totaldiscount', 'totalweight', 'totaltax', 'discountamount', 'taxamount', 'refundedamount', 'refundamount', 'shippingamount', 'totalitems', '退款金额', '邮费', '优惠金额', '宝贝总数量'],
    notWords: ['refund', 'discount', 'tax', 'shipping', 'latitude', 'longitude', 'quantity', 'qty', 'count', '退款', '邮费', '优惠', '数量'],
  },
  quantity: {
    exact: [
      'quantity', 'qty', 'lineitemquantity', 'itemquantity', 'numberofcds', 'units', 'unitssold',
      'quantityordered', 'pieces', 'numberofitems',
      '宝贝数量', '数量', '购买数量', '商品数量', '宝贝总数量', '件数',
    ],
    partial: ['quantity', 'qty', 'units', '数量'],
    notWords: ['refund', 'return', 'amount', 'price', 'total', '退款', '金额'],
  },
  unit_price: {
    exact: [
      'unitprice', 'price', 'lineitemprice', 'itemcost', 'itemprice', 'priceeach', 'unitcost',
      'saleprice', 'productprice', 'sellingprice',
      '单价', '商品价格', '宝贝单价', '价格', '商品单价', '销售价格',
    ],
    partial: ['price', 'cost', '价格', '单价'],
    never: ['totalprice', 'compareatprice', 'lineitemcompareatprice', 'costofgoods'],
  },
  product_id: {
    exact: [
      'productid', 'sku', 'lineitemsku', 'stockcode', 'itemid', 'itemcode', 'productcode', 'asin',
      'goodsid', 'variantid', 'productsku', 'article', 'articleno', 'itemno', 'item',
      '商品id', '宝贝id', '商家编码', '商品编码', '商品编号', '货号',
    ],
    partial: ['sku', 'productid', 'itemid', 'stockcode', '商品id', '编码'],
  },
  product_name: {
    exact: [
      'productname', 'lineitemname', 'itemname', 'description', 'title', 'producttitle', 'productdescription',
      'itemdescription', 'itemtitle', 'goodsname', 'product',
      '宝贝标题', '商品名称', '商品标题', '宝贝名称', '商品', '宝贝',
    ],
    partial: ['productname', 'itemname', 'title', 'description', '标题', '名称'],
    never: ['name', 'billingname', 'shippingname', 'customername'],
  },
  category: {
    exact: [
      'category', 'categoryid', 'categoryname', 'productcategory', 'producttype', 'categorycode',
      'department', 'itemcategory', 'productgroup', 'class',
      '类目', '商品类目', '品类', '类别', '分类', '商品分类', '类目id',
    ],
    partial: ['category', '类目', '分类'],
  },
  event_type: {
    exact: [
      'eventtype', 'event', 'eventname', 'action', 'behavior', 'behaviour', 'behaviortype', 'behaviourtype',
      'activity', 'interaction', 'type', '行为类型', '行为', '事件', '事件类型',
    ],
    partial: ['event', 'behavior', 'behaviour', 'action', '行为'],
  },
  status: {
    exact: [
      'financialstatus', 'orderstatus', 'status', 'paymentstatus', 'transactionstatus', 'state', 'orderstate',
      '订单状态', '交易状态', '退款状态', '状态',
    ],
    partial: ['status', '状态'],
    never: ['fulfillmentstatus', 'shippingstatus', 'deliverystatus', '物流状态'],
  },
  session_id: {
    exact: ['sessionid', 'session', 'usersession', 'visitid', 'sessionkey', '会话id', '会话'],
    partial: ['session', '会话'],
  },
  country: {
    exact: [
      'country', 'billingcountry', 'shippingcountry', 'countrycode', 'customercountry', 'region',
      '国家', '国家地区', '收货地址', '省份', '地区',
    ],
    partial: ['country', '国家'],
  },
  refund: {
    exact: [
      'refundedamount', 'refundamount', 'amountrefunded', 'refund', 'refunds', 'refunded', 'returnedamount',
      'returnamount', 'refundtotal', 'totalrefunded', 'totalrefund', '退款金额', '退款',
    ],
    partial: ['refund', '退款'],
    notWords: ['date', 'time', 'status', 'reason', 'id', 'quantity', 'qty', '时间', '状态', '原因'],
  },
  currency: {
    exact: ['currency', 'currencycode', 'ordercurrency', 'presentmentcurrency', 'settlementcurrency', '货币', '币种'],
    partial: ['currency', '币种'],
  },
};
