"G\\"/*   zi nu m*//*mlc  kf*///ie k l  c	 y  rk  "¨g7ø"
/*jx*/""; //cab 　lns	f  rr


/*     qa*/")"
//  xcg p g j
""

/*imc f﻿l ck    gr */
 for/**//*a t mh   */(fqpirdr/*ah gx  axz　
f*/	// bv  	 zkg
/**/in /*g  oooxfv*/((++drqyirsou)).spealrplsnxkplp)//x  vkt  ot﻿p　iii　q

9727.81
// kd nxprp

const//srcbu m
﻿{}/**/ //vi 　 jxj r
= /*  　
o zj nyh xf j	k*///vuo 　an  b od
({e, set/*n
 vec 	  q*//* bs 	g﻿*/ [``]/*la　 
lfvv gmnq v*/
　 (async)// r  mlj   ga
/* gglt 
*/

 {

/*jr  	 suhce*///svins  r  　 n // 	g﻿   p z  t
"use strict";/*q  y */  //   v  z  r a"use strict"

//  ohscvlhg   gjl

 //b  ﻿ g  d 
 ""
//bymijdrmx jt  d  
　/*b a j bo*///bk/*mp ﻿ o
*/""
/*b*/ // 
 return
/*  ll ehhhndu  */ 　/* r*//*h﻿bc  m　 *///rqbj   b﻿b pin
;((/\B||||H\cy/muy)); /*ybpjys k*///	gr g cuiblofq    
 //sfedoly
 f:// h	a
 debugger
//hk   /* k t o 　 no *///h fc　sh v
for// pt 　  txs	lajm
/*ovav*/	(n﻿/* nnz omf */of/*aygors gx　v  oa
o*/
(((2.0524811395443977e218))))

continue

/*　   rjcc o  
  d*/
/*k p
 lfi v*/while

/*n pm   i*/


(((this))) /*  v agy*//* a   y*/; // 
},/*ca hjeaq　hb  */
package, /* tfi t  vc  ljl */y}),/*bbuyj　m 　*/ {async// x﻿ n    vs y


= //jt	v
/* q qaa 	 
njj   n﻿b*///lslm x	y 
7.653528074733913e204,/*l uz
h 
a  ﻿prx */implements//   //y  lq  yu tem ﻿tcsy
=// p      up yzrcm
 this(),//

private﻿/*  ﻿
*/ =/*  eese*/((2e308)).o/*
j h*/
/**/
//f 	  r r﻿nyd
+=
//qn
(.93)}//tn 
  　=/*va
so
g ml﻿b 
	l */ /*
 
dopnzk m    b*/class /*l 
g koq*///ps qk﻿sko	vl﻿m 
wgj//﻿hbo﻿c{

 /*h
h*/ // n﻿
 
/* iky i r c
ntz*/set
//k  m
["÷u>"] /*﻿r kdqo s*/(async)//﻿vmqyd g l nt  x
//  gn ﻿pyx tv
/*l 
zu*/  {/*pt  ppr  　t ﻿r*/ 
//da c vzlzj 
/**//*ad　   gv
z gt */ //tm	z"use strict"

/*p s  mtvy s　unno*//*ix
c	  */// 
 // k 
   //ahun f ina 
/*im  h c g   x﻿*/"use strict";/**//*j
nq
sn*/

/* g ot       h*/ /*hb	hx c　g﻿　 k */  /*e  vs　s 	u  ag 
x */

/*  bi tk p *///  	 gyvp eez 


"¥"
// eora g  q//  i nfoxv//
/*z p
 m  r
i	 */ } //u uh  cm　 pgai
  /* kdlymt f a*/static
 "Ïç¼Ý"()
/* */ /* g
 hli  r　q
 ﻿pm 　 */{}/*ff*/
};// upc dg﻿yotz﻿m tk
 