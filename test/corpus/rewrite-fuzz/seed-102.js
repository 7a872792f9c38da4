"ûë´®";// x pl t ﻿   l
  // mn    vzpqe g  a
 "}(ë";
/*r qeo  u yd o */"Î´ÎR";/*a    ﻿   
m  ou*/;/*dbl em
  
  na h */

try
/*  ﻿z   dfc ghqm﻿*///sgadj  j		 nt i//ay s
{/*er	m jr*/ /*﻿ef afxo*/ 
/*x vb   d*/ //  yra  

//to    mu  
//k tt a l g x  ln class/*tca n﻿n　
	 */	async
//s qoyzm ﻿evvp f  ta
/*roeom*/// c o﻿c
extends
/* 	qm   r jryy xl *///  kz    	b  
(this)/*due
*///ye
{/**/
/* p   　h *//*lgegq m i *//*q　q vcil ir    */ /*ad v　  kp oo　axps*/
/*x 	*/
// h fjpr  y﻿hgcjvp qlget// h dmke
 


[(((null)))]()//k﻿    hry ﻿l g　{//x vi
 

/*cf ﻿ rtlz q*/ /*	vspj  	c  */
/*a*/ 

 //nphf nd  
"";　//a  	z v　dcuuae
/*bk    vgoniz 
*///kz  p /*l	 m

   nj*/
}/*	y    	h h*/

 /*h  nolbznvll*/// fe
}

//  ja //eu ua jeg﻿sv 

	/*a vny llqs */with 	/*hdn	
k t hb*/((clkbslse/*   g
*/
/*z c d*///baop tq kaupmc﻿nq
=	((class //ahf ihx o/*  a r ﻿ an s pv*/await



/**/extends//j﻿oanbr x
 	 (function

/*
 v */ 
()	// q　   /*p  h*/{//  p﻿t	t　pak	p　xn
//  	nlt a

// 

//kd
"µ"; /*s rpf　au p   *//*v *//* g srn mz ikla
ph*/"m"; //  h kzb q		x
 /*rt  　xylx  n*/ //  ziqcj po
﻿ "";　//cxvqc   dn  h

　"J";//  lbx   lnoqe　 x
//  	stj﻿ p j


/*	*/ 
/*   g p*//*  m nf jt 
 gd t*/
"ä"; 

/* nvs eo */})
//﻿ojc q crp  mxu 


{
// g    krmoyip

/*kv*/
/* mmf　  f　
h g f*/

/*n q f*/get

/*  zf  q t i y*/[(/7|(?:){80272,97684}^|[\0f\0-\f-]/iu)]()/* xr  t　 ux    *//*d   a  y t*///u para sotl﻿d  
{}//zch﻿
　//  l y  jj  l   zp  x
/*un
lqh  rkbi itp */

 

//ehsylh  r
set/*u j  v   dhujocqhpx*///px  n [(true)]//
	(await/*
 r  hj　　 jgdh   
*//*hoyeslg  ﻿
  sezmu*/
=
/*a dx　e  	l */
//mun
(l))//k o﻿ rnih	pkgkg  j  {}/*	q  *///jr  　blq﻿v nz     n	

 //n　﻿c	cs  v
//i ik
/**/ get

/* */[(this)]()/*rebs 

oe
 n*/

{}
/**/// 
/*f*/ /*e
sx   e *///  ok d
﻿ //cjpq  k   dpz
﻿

/*  p*/static
 //ccp  cfu/*o  c
 ua d*/*[((true))]()
//sp
 

{}//b k  ﻿ 

/*p
p   l  d
 a gcmu*/ 　//d
//﻿i i q
}))))

/*eq fj*/
;/*   h xf*/
//y y mx//  ﻿sz aq

 /**/  for//  k	﻿ ﻿j mc infkz	


(((class
/*  d*//*zh 	z   exi　 */
pbenmikabqqcfpv/*  c */
{/*	qh 	*/
// um
/*fi 
t  n ysq*//*yh　*/
static
 /*   k﻿	gmlgg c *///ctspkkiu id
get/*f   dkk
*/ [(((0)))]()// dctc﻿ttfs

/* u  */{/*o ﻿ ulbd hb bea b*/
/*vkm f gg t
e  vv*///k


/*  qc
 d  	  o
u 	v j*//*zd*/ //	l tbbh b    f g 
//shc jmx

 "";/*fr d  nd i    e　xmi */

/*r kkvqd   h*/  /* v  　	 uia ig*/// c y 
//jz 
}// exaft dy   jn fapgj
//s  m l sjnn di
　//of   fq q t
//qug ig
　}));;)/* qi　lsy	im*/ throw /*	 yfg*/((.7).qufefl);/* */   cicxuykbnubbk://s  h  bvmmn  q b // vpr for/*ozhe*/
/*uj  
uxyv *//*y
en ycf  
mgymxf*/(;;/*kais*/ (null))
/* x	*/
throw ((0x17C655A5C00000)/*y*///   djabmj  b hr　h q /*
*/==　//    enb t r tg(true));/*kv   */

  /*t b s
 b sy */} // acxsjdrg z 
catch﻿/* l
tuzi
　m n  l nsmb*/  (elaxhrtcgrfo)/*gr  ca	u ay ia　
*/ 
{  




/*b	uc */{/* ﻿sh
z */ /*﻿yrfi okv l 
 v*//*      jx  	i */

/* h
u vx
zob   */	  for//	cxh
/*qk   
 i*//*
pudzz　*/(l

/*h     t
nnshs*//*bjc  c*/in//﻿ 


((3687.01)))
//q 　eyqz   b	ndqz uur
/* p g phkj*///lstd ytu  
;

 
/*﻿evqg l m   q */  //ln   h x	q gx u k h
//fhso ff uoyha  l/* xs
 d tkfxas  e  d */ //  xsvd ﻿ea p 	f﻿h 
//jl﻿hq v  oh s

for//u arlk	q﻿
(const
/*  yhlfhth*/async//ray	s/*ii l 
  
vu */
of//k　hm	 f
 (null))//x b x  uolcys

debugger;
  // xhf p
for// lj vliafm  
//  
(var /* j   m f a　  *///  vkn
/*mt  u mie f z 	dhe  */f 
//rih　z efri fkiyrt


in //ro　  r

(this))//	r g bjg ﻿qbl  ch v 
 

//   
//  
break;
/*t  ﻿qza j 
g*/  /*﻿*/　

// p q h ob	
while//a v 	vj﻿pxjok lz(true) //　 zu bueoa/*b v t k j  */ //   rao e   
break;/*p *///li ﻿hvqux /*ze  eh﻿ r k	*/ /*   m hes f y  ﻿*///rf rb  r  
}/* */ // oou g q 
//ls

let:/*u x g ﻿ r 	 */
/*ak zu i*//*r  c﻿rj  
c  e*/
 break/*oujjaen  ue v xes s*/let;	/* x　b  ﻿m ipysb*///ed loofr uu
//pz pftaztta


 try/*q*/ {
//yym le  mbkb
  //l mm 
/* aq   aq 
 r p
 
﻿i*/ implements:/* */ ;/*﻿ b    sv*/ /*qev　i */ /*feqmf*/  //u　	 	ypbv  
/*strhf ze﻿ u*//* zeme*/r://a iu   h i      f//	  gnsjulqp
while/*oas   ﻿t t ss*/(((7.039740621112287e286)))  ;//zj  //rnqr y﻿x  f c
/*z  cpn 　tc  is p
		*/ // c　 g	vi  a   
}//t i ﻿o 	p  　 k
/*oh s﻿qn　
em p j
c x*/ finally// 

// o 
{//m  q  zky nd r bug //fb

  

//fkn  ztp zi
 /* 　rrdh*/ let:/*p

a rvkl l	﻿  y*/
//    g slb
do

//   n gy  ﻿mk frvm
; //kmvjubju   bf
//qs y  x　kqis v
while//q fzyf    k a
((((291455522308096))));//uef    xjv xf﻿
 //a   uifmoy // u  xio u i
 
  //tid m vjb throw/*ap rkl *//*vu   d pnbg*/ (0);//e﻿  p

/* y ﻿
m　p db  *//* */ /*dag s sj  iuuz  */class/*rg   gn y*///r v jfa d ntqyf﻿dcz
 /*u  kd  h    kirn */await
/*g  oj l ps xvi n */{}/* 	 dkh	r	 */ 



} 　/*egfcs   r l  op *///l  yk   	ysd　	 ay e
// 　a   h
 

//jq rpxl cij　g function* /* vm k 	 q z spos */lykjhcushfntrmx(a // f v rbiy ﻿	t eg
 = /*hb﻿qn  zp   u x*/(void //u/*　   eq　 tv*/(/(?![]*?[]{28761,}\9{48285,68116}\xb2(?!))$\b()()()()()()()()()/gimsu)),
//  dl	gh 　j ﻿ a
...[])/*  l
 	k*/
//

{

﻿/*h﻿u  y*/// lsrd  l   rb "vï";//tv un 

/*xn*/
/* g    
 use  ne　xh
*/"";//c sz 
/*r c   q  gfz a*/ //dk  rk 
 //
 ﻿

 "ææ"; /*gkm﻿﻿a et﻿b
　*//*bo fn a eiers  sz z*/ //q  aynoh r ae aq


/*et */
 "ï"; //fs tgi  o qz  eni   throw/*c	bm k*/﻿/*aijh  tbc*/((yield*

//s y 
(2802)));

 // innbgi﻿b f  


  /*ooc vcexlb
	
  gan*/  if
 /* 　 gazyf rux q*/(([])) /*j 
gy*/ //ot  aulwith// 

(false)/* ﻿h*/

debugger;/*s*/ //   jn rf f﻿
// ﻿//b 
}
/* s z*/ 
// lpo	 ﻿　
for


/*i i y  b j
b	kh  */(((null));;)
//rv  dlfd	lv﻿o
debugger;/*li﻿yp b  t　  lvo*/}// q   
//﻿l  i
switch/*b  h  d
hk g z ﻿z*/  /*s mu  *//*s 	b ugy nypu
*/((([,
 

//ebysa 
])))/*dnbghbeh */ {
/* o zgio*/
//byoc qhr i  xs bv


default: /*tn  blk
	 */ case //exvj xauv 
(iktsqowfxoe): // 	g pnctdy f  /*izl 	c	 lq 　a 
t */ 

// to	e h eqf;// m u  m  rlgla	
 //  d   bian 　// xl  qkk 	sox  lo  
//
/* te  */	switch

/*   u gt b	 */ (((function*/* 　msg  x   iltsnop*//*ep*/tfneebmfvhudlw() /*sq*/// vl mbcfdz e　   　 
{ // y xab ki 
/*z　fc ih b  *///h   y gb ts eh

/* 
 */

// ﻿sng eq m  t o z// znu　riek rjsl b
 "use strict";   //ru m m s/* 	d 
   
  u
 koj*//*u*//* i a*/  /*  n  　 g q*/ /*tcd
x t*/";÷y­¸";
// qiqi vey  v  lqoo﻿n
// 　
//g ovc zup
 // k　 
//﻿ y u  gtxm  ozi htj


/* jg z	 bp ze
*///ncq  b u  

"use strict";
//rmyhumog  qcd

/*zu 
  q kxj*/
//blc    


/*a n e*/ // y h 
 //vah     zd　e  r
//yvqrjd c b l  h"\
3";/*n tp hkcbeasbsen r*/
/**/ /*me p ecim hg c*/ 	//qz k  zv d t /*ct*/ /*t
c   fd*///j	
 ;　

//u ij　jn
//y a vb
//ncxm


//pn  m	 eojk  uiu

//ln﻿﻿  　ia hu
  }))) /*　 dv uf j*/{/* c  r go y*//*h　
 hf oier	*///    r nb d  jdh 




/*ljx kl 	*//*a　 　 l*/ //	i  jzzrv
  /*ij﻿eq h　yo */case

//c dk m vt 
 

((((this).y //y
/*
 bq  dc g*///l u r j zuv a	　 
=//oa　 　u/*	qfp　	hao
 ns*/(() /*nu mx	 gl yi zj*/=>/*tqyd l p  f fj*/


{}))))://b t﻿dsute q  ns
   /*ol 	s j a  pct*/ //dt 　ai
﻿/*olz
 seuh 　yh*/// s  zfsr　asy  k

//	j r ﻿  //g b p unk a of(({}));	/*　lzprl pzd*/﻿/*bz pmd e p*/ 
//n﻿vkom h  cni  tk
  /* vz*/
/**/
// by b　d y  
for//j  vm	　　dcg 
 /*r  
jo tvtci xhg
 x*/(var//noy p g

l// g of/*
a　﻿h*/	(function// ia　m nqr 	﻿
//    l abbl p  
 /*jk y i */(){﻿/*lqh  i v
 j  k	 k*//*hr  z  m */
/* 	j d﻿ ll	   */

/*v jxtb kz p xz
j*/ // sa c   c bcq yl j
 
// kb
// gxzg ﻿   /*n
   
ozm pnr*/ //  f
 // cu"ÅycÕ";//	  cia﻿ud hj	  　
 // bc	dix
// a 	 z﻿ubby
　 /*  aqveuiamh*/
//s 

 //rn﻿xl   hzcsz

/* jp vo*/ /*q   m
	  sq ﻿  jx*/  "use strict"; //g　d
//xf	g
 /*f*/  //shcq c g lrg j

 }))//j m vtpkpsn
//jtpuogx rpeqgo  

interface: // kli﻿sl lkz m  s q for
//    q l	﻿　 ge  

 (arguments /*mx    pk ilbjaf*/of
/*　vg  fe
d
 　qmb*/(null)) /*cpar  zry
	c	*///   break	interface;// jq len g

/*zo*///
//　 n	mb
 // gq　  az sc yk  /* ka be
n
hor iv*/break;/* 
 i rzdz
 pbc l */ //uj   izcp	 im
/* kqt	  */
 

/*  fqhg
z	*/ 

//grm dmcx﻿v odj
   /*	s k ulfx */  
/*se　mpkpzog*/if/* ko */

((implements/*dcr*///qyibi bya>>=/*f	 b	x lk	g ug*//* eq *///ojdb e this))throw  /* 　	﻿l   be zb qtdp*/((d)); // 
/* *//*b*/ //   xgp﻿ 	 nv
/**//*s g  kixub	ym  f*/

/*vva i

 sgx*/

 /*  upi*/　
/*﻿q m x　	 c  il*/
var//  fy/*r z y﻿r rg*///j  g qet  a　bdb
q//  /*a   xyuc  iczug  r*/=

(/>+?/gm);//   /* *///yp v //t
//vcy  q al p　d
//
default:/*fta  g*/

/*  s  vp*/ //z c

//iud e	 t
 

//ax  i   u	/*　 b
f*/ for   (var/*  znaz  k*/ yield /*n cr k  krs
﻿ l
*//*　*//*adkdsdbnky  */in	/*
g gp u   *//*  z﻿ k﻿qmei  */((new/*　 f r ﻿f uc  xb  u*/

 (2e308)))) /*    az m*//*av*/
for/*	*/ (const


　//s	sr    s 
implements 
//q aoorseb 
in /* */
 (""))
 /* ik﻿q  m h*/
// b  l ﻿dil 
;  /*o k
a m oc  
jnkz*/ /* en*/ //v  a ntn y  iqx  
 }//  gzrbc rfuuz	k  v
/*t
 pr  mx j lr */ /*by*/ //j d biphe z

 // je("ü");//d    l
//ke scxvt　i b m 	}
/*hpghu vginpe
﻿pg*/// ep   
